import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole-process floor: a JVM that reads the same file and splits it into lines (UTF-8), and nothing more. */
public final class ReadFloor {
    public static void main(String[] args) throws Exception {
        long lines = 0;
        long chars = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                chars += line.length();
            }
        }
        System.out.println(lines + " lines, " + chars + " chars");
    }
}
