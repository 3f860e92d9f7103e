package org.mailsight.ship;

import java.util.Map;

/**
 * One document on its way to Elasticsearch: its id and data stream, its body, and where its line came from (to
 * commit the registry once it is acknowledged, and to name the line in the dead-letter file).
 */
final class Doc {
    final String id;
    final String index;
    final Map<String, Object> body;
    final Source source; // null: made by a stage on a timer, tied to no line
    final long start;
    final String line;
    final long readNanos = System.nanoTime();
    int attempts;

    Doc(String id, String index, Map<String, Object> body, Source source, long start, String line) {
        this.id = id;
        this.index = index;
        this.body = body;
        this.source = source;
        this.start = start;
        this.line = line;
    }
}
