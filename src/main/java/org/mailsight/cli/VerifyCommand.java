package org.mailsight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailsight.privacy.Integrity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailsight verify FILE.ndjson}: checks the hash chains of an export written with {@code --integrity}.
 * Exit code 0 when every chain is whole and in order, 1 when an event was altered (or a line is no JSON), 3 when
 * events are missing or duplicated, 4 when the chains are whole but the lines are out of order.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the hash chains (mail.integrity.*) of an NDJSON export written with --integrity: "
                + "exit 0 intact, 1 altered, 3 events missing or duplicated, 4 reordered only.")
final class VerifyCommand implements Callable<Integer> {
    static final int INTACT = 0;
    static final int ALTERED = 1;
    static final int INCOMPLETE = 3;
    static final int REORDERED = 4;
    /** Fields a shipper or Elasticsearch adds after the chain was made. */
    static final List<String> ADDED_LATER = List.of("@version", "data_stream", "_id", "_index");

    @Parameters(paramLabel = "FILE", description = "NDJSON events (.gz detected by content), or - for stdin.")
    String file;

    @Spec
    CommandSpec spec;

    private record Link(long line, long sequence, String hash, String canonical) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Link>> chains = new LinkedHashMap<>();
        Map<String, Integer> runs = new java.util.HashMap<>();
        List<String> problems = new ArrayList<>();
        int worst = INTACT;
        long lines = 0;
        long unchained = 0;
        try (BufferedReader in = ParseCommand.open(file)) {
            String text;
            while ((text = in.readLine()) != null) {
                lines++;
                if (text.isBlank()) continue;
                Map<String, Object> doc;
                try {
                    doc = json.readValue(text, LinkedHashMap.class);
                } catch (JsonProcessingException e) {
                    problems.add("line " + lines + " is not a JSON document (damaged or edited).");
                    worst = ALTERED;
                    continue;
                }
                ADDED_LATER.forEach(doc::remove);
                Object integrity = doc.get("mail") instanceof Map<?, ?> mail ? mail.get("integrity") : null;
                if (!(integrity instanceof Map<?, ?> chain) || !(chain.get("sequence") instanceof Number seq)
                        || !(chain.get("hash") instanceof String hash)) {
                    unchained++;
                    continue;
                }
                String source = String.valueOf(chain.get("source"));
                // sequence 1 again: the chain started over (a new run, a restart without state_path)
                int run = runs.getOrDefault(source, 1);
                if (seq.longValue() == 1 && chains.containsKey(run == 1 ? source : source + " #" + run)) {
                    runs.put(source, ++run);
                }
                String name = run == 1 ? source : source + " #" + run;
                chains.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Link(lines, seq.longValue(), hash, Integrity.canonical(doc)));
            }
        }
        if (chains.isEmpty()) {
            throw new Main.UserError(file + " has no event with mail.integrity.*: write it with mailsight parse"
                    + " --integrity (or the filter's integrity => true).");
        }
        if (unchained > 0) {
            problems.add(unchained + " events carry no mail.integrity.* (added to the export by something else).");
            worst = Math.max(worst, INCOMPLETE);
        }
        out.printf("%s: %d lines, %d chains%n", file, lines, chains.size());
        for (Map.Entry<String, List<Link>> c : chains.entrySet()) {
            worst = worse(worst, check(c.getKey(), c.getValue(), out, problems));
        }
        for (String p : problems) out.println("  " + p);
        String verdict = switch (worst) {
            case ALTERED -> "ALTERED: an event differs from what was chained";
            case INCOMPLETE -> "INCOMPLETE: events are missing or duplicated";
            case REORDERED -> "REORDERED: every chain is whole, the lines are out of order";
            default -> "INTACT";
        };
        out.println("result: " + verdict + " (exit " + worst + ")");
        out.flush();
        return worst;
    }

    /** Altered beats incomplete beats reordered beats intact. */
    private static int worse(int a, int b) {
        int[] order = {INTACT, REORDERED, INCOMPLETE, ALTERED};
        int ra = 0;
        int rb = 0;
        for (int i = 0; i < order.length; i++) {
            if (order[i] == a) ra = i;
            if (order[i] == b) rb = i;
        }
        return ra >= rb ? a : b;
    }

    private static int check(String source, List<Link> links, PrintWriter out, List<String> problems) {
        int worst = INTACT;
        long highest = 0;
        for (Link l : links) {
            if (l.sequence < highest && worst == INTACT) {
                problems.add("chain " + source + ": line " + l.line + " (sequence " + l.sequence
                        + ") comes after sequence " + highest + " (reordered).");
                worst = REORDERED;
            }
            highest = Math.max(highest, l.sequence);
        }
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        Link first = sorted.get(0);
        String previous = first.sequence == 1 ? "" : null; // an export that starts mid-chain trusts its first hash
        long expected = first.sequence;
        boolean broken = false;
        for (Link l : sorted) {
            if (l.sequence < expected) {
                problems.add("chain " + source + ": sequence " + l.sequence + " appears again at line " + l.line
                        + " (duplicated).");
                worst = worse(worst, INCOMPLETE);
                continue;
            }
            if (l.sequence > expected) {
                problems.add("chain " + source + ": sequences " + expected + " to " + (l.sequence - 1)
                        + " are missing (" + (l.sequence - expected) + " events, before line " + l.line + ").");
                worst = worse(worst, INCOMPLETE);
                previous = null;
            }
            if (previous != null && !Integrity.link(previous, l.canonical).equals(l.hash)) {
                if (!broken) {
                    problems.add("chain " + source + ": first break at line " + l.line + " (sequence " + l.sequence
                            + "): the event is not the one that was chained (altered, or replaced).");
                }
                broken = true;
                worst = ALTERED;
            }
            previous = l.hash;
            expected = l.sequence + 1;
        }
        Link last = sorted.get(sorted.size() - 1);
        out.printf("  chain %s: sequences %d to %d, last hash %s%n", source, first.sequence, last.sequence, last.hash);
        return worst;
    }
}
