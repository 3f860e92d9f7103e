package org.mailsight.record;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Abbreviated month names that syslog daemons write under non-English locales (strftime's %b). */
final class LocaleMonths {
    private LocaleMonths() {}

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        String[][] names = {
            // de, fr, es, it, nl, pt, el, ru, pl, sv
            {"jan", "janv", "ene", "gen", "jan", "jan", "ιαν", "янв", "sty", "jan"},
            {"feb", "févr", "feb", "feb", "feb", "fev", "φεβ", "фев", "lut", "feb"},
            {"mär", "mars", "mar", "mar", "mrt", "mar", "μαρ", "мар", "mar", "mar"},
            {"apr", "avr", "abr", "apr", "apr", "abr", "απρ", "апр", "kwi", "apr"},
            {"mai", "mai", "may", "mag", "mei", "mai", "μαΐ", "мая", "maj", "maj"},
            {"jun", "juin", "jun", "giu", "jun", "jun", "ιουν", "июн", "cze", "jun"},
            {"jul", "juil", "jul", "lug", "jul", "jul", "ιουλ", "июл", "lip", "jul"},
            {"aug", "août", "ago", "ago", "aug", "ago", "αυγ", "авг", "sie", "aug"},
            {"sep", "sept", "sep", "set", "sep", "set", "σεπ", "сен", "wrz", "sep"},
            {"okt", "oct", "oct", "ott", "okt", "out", "οκτ", "окт", "paź", "okt"},
            {"nov", "nov", "nov", "nov", "nov", "nov", "νοε", "ноя", "lis", "nov"},
            {"dez", "déc", "dic", "dic", "dec", "dez", "δεκ", "дек", "gru", "dec"},
        };
        for (int m = 0; m < 12; m++) for (String n : names[m]) INDEX.putIfAbsent(n, m);
        INDEX.put("μαϊ", 4);
        INDEX.put("μάι", 4);
        INDEX.put("märz", 2);
        INDEX.put("sept", 8);
    }

    /** 0-11, or -1. Case, a trailing dot and Greek accents are ignored. */
    static int index(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        n = n.replace('ά', 'α').replace('έ', 'ε').replace('ί', 'ι').replace('ό', 'ο').replace('ύ', 'υ');
        Integer m = INDEX.get(n);
        return m == null ? -1 : m;
    }
}
