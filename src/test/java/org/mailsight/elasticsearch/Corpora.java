package org.mailsight.elasticsearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mailsight.TestParsers;

/** The log files of the golden files and corpora. */
final class Corpora {
    private Corpora() {}

    static boolean isLog(Path p) {
        String name = p.getFileName().toString();
        if (p.toString().contains("golden")) return name.endsWith(".log");
        return name.startsWith("maillog") || name.startsWith("mainlog") || name.startsWith("rejectlog")
                || name.equals("postfix.log") || name.startsWith("dovecot") && name.endsWith(".log");
    }

    static List<Path> files(String under) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestParsers.RESOURCES.resolve(under))) {
            s.filter(Files::isRegularFile).filter(Corpora::isLog).sorted().forEach(files::add);
        }
        return files;
    }
}
