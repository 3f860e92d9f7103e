package org.mailsight.exim;

/** Exim's durations: {@code 5s}, {@code 2m13s}, {@code 1h2m}, {@code 1d3h}, {@code 0.123s}, {@code 1w}. */
final class Durations {
    private Durations() {}

    /** Seconds, or null when the text is not a duration. */
    static Double seconds(String s) {
        double total = 0;
        double number = 0;
        double scale = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (scale > 0) {
                    number += (c - '0') * scale;
                    scale /= 10;
                } else {
                    number = number * 10 + (c - '0');
                }
                any = true;
            } else if (c == '.') {
                scale = 0.1;
            } else {
                int unit = switch (c) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> -1;
                };
                if (unit < 0 || !any) return null;
                total += number * unit;
                number = 0;
                scale = 0;
                any = false;
            }
        }
        if (any) total += number;
        return Math.round(total * 1000) / 1000.0;
    }
}
