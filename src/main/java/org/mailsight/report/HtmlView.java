package org.mailsight.report;

import java.util.List;

/**
 * One self-contained HTML page: inline styles, charts drawn here as inline SVG, no script and no network. Readable
 * on a phone (tables scroll sideways, charts scale), printable. Each number carries its JSON path in
 * {@code data-path}, so a test can check the page against the JSON report.
 */
public final class HtmlView {
    private static final String[] COLOURS = {"#2b6cb0", "#2f855a", "#c05621", "#c53030", "#6b46c1"};

    private HtmlView() {}

    public static String render(Report r, boolean problemsFirst) {
        StringBuilder b = new StringBuilder(1 << 16);
        Report.Period p = r.period();
        String span = p.first() == null ? "no events" : p.first() + " to " + p.last();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>mailsight report: ").append(esc(span)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n<h1>mailsight report</h1>\n<p class=\"span\">").append(esc(span))
                .append(" &middot; <span data-path=\"period.events\">").append(p.events()).append("</span> events</p>\n");
        for (Layout.Section s : Layout.of(r, problemsFirst)) {
            b.append("<section").append(s.problem() ? " class=\"problem\"" : "").append("><h2>")
                    .append(esc(s.title())).append("</h2>\n");
            boolean anyRow = false;
            for (Layout.Table t : s.tables()) {
                if (t.rows().isEmpty()) continue;
                anyRow = true;
                if (t.title() != null) b.append("<h3>").append(esc(t.title())).append("</h3>\n");
                if (t.chart() >= 0) b.append(t.vertical() ? columns(t) : bars(t));
                table(b, t);
            }
            if (!anyRow) b.append("<p class=\"none\">none</p>\n");
            b.append("</section>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder b, Layout.Table t) {
        b.append("<div class=\"scroll\"><table><thead><tr>");
        for (int c = 0; c < t.header().size(); c++) {
            boolean numeric = !t.rows().isEmpty() && t.rows().get(0).get(c).numeric();
            b.append(numeric ? "<th class=\"n\">" : "<th>").append(esc(t.header().get(c))).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (List<Layout.Cell> row : t.rows()) {
            b.append("<tr>");
            for (Layout.Cell c : row) {
                if (c.numeric()) b.append("<td class=\"n\" data-path=\"").append(c.path()).append("\">");
                else b.append("<td>");
                b.append(esc(c.text())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** Horizontal bars of one column, one per row, labelled with the row's last cell. */
    private static String bars(Layout.Table t) {
        int rows = t.rows().size();
        double max = 1;
        for (List<Layout.Cell> row : t.rows()) max = Math.max(max, value(row.get(t.chart())));
        int height = rows * 22 + 4;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart bars\" viewBox=\"0 0 440 ").append(height).append("\" role=\"img\" aria-label=\"")
                .append(esc(t.title() == null ? "chart" : t.title())).append("\">");
        for (int i = 0; i < rows; i++) {
            List<Layout.Cell> row = t.rows().get(i);
            double v = value(row.get(t.chart()));
            double w = Math.max(v > 0 ? 2 : 0, 230 * v / max);
            int y = 2 + i * 22;
            String label = row.get(row.size() - 1).text();
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\" class=\"label\">")
                    .append(esc(label.length() > 24 ? label.substring(0, 23) + "\u2026" : label)).append("</text>");
            s.append("<rect x=\"160\" y=\"").append(y + 2).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"16\" fill=\"").append(COLOURS[0]).append("\"><title>")
                    .append(esc(label)).append(": ").append(row.get(t.chart()).text()).append("</title></rect>");
            s.append("<text x=\"").append(fmt(164 + w)).append("\" y=\"").append(y + 15).append("\" class=\"value\">")
                    .append(row.get(t.chart()).text()).append("</text>");
        }
        return s.append("</svg>\n").toString();
    }

    /** Grouped columns for a time series: one group per row, one colour per numeric column. */
    private static String columns(Layout.Table t) {
        int rows = t.rows().size();
        int series = t.header().size() - 1;
        double max = 1;
        for (List<Layout.Cell> row : t.rows()) for (int c = 1; c <= series; c++) max = Math.max(max, value(row.get(c)));
        double group = Math.max(24, 560.0 / rows);
        double width = 40 + group * rows;
        double bar = (group - 4) / series;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(fmt(width)).append(" 240\" role=\"img\" aria-label=\"")
                .append(esc(t.title())).append("\">");
        s.append("<line x1=\"36\" y1=\"200\" x2=\"").append(fmt(width)).append("\" y2=\"200\" stroke=\"#888\"/>");
        s.append("<text x=\"0\" y=\"20\" class=\"value\">").append(fmt(max)).append("</text>");
        for (int i = 0; i < rows; i++) {
            List<Layout.Cell> row = t.rows().get(i);
            double x0 = 40 + i * group;
            for (int c = 1; c <= series; c++) {
                double v = value(row.get(c));
                double h = 180 * v / max;
                s.append("<rect x=\"").append(fmt(x0 + (c - 1) * bar)).append("\" y=\"").append(fmt(200 - h))
                        .append("\" width=\"").append(fmt(Math.max(1, bar - 1))).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"").append(COLOURS[(c - 1) % COLOURS.length]).append("\"><title>")
                        .append(esc(row.get(0).text())).append(' ').append(esc(t.header().get(c))).append(": ")
                        .append(row.get(c).text()).append("</title></rect>");
            }
            String label = row.get(0).text();
            s.append("<text x=\"").append(fmt(x0)).append("\" y=\"216\" class=\"tick\">")
                    .append(esc(label.length() > 10 ? label.substring(label.length() - 2) + "h" : label.substring(5)))
                    .append("</text>");
        }
        for (int c = 1; c <= series; c++) {
            s.append("<rect x=\"").append(40 + (c - 1) * 100).append("\" y=\"226\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLOURS[(c - 1) % COLOURS.length]).append("\"/><text x=\"").append(54 + (c - 1) * 100)
                    .append("\" y=\"235\" class=\"tick\">").append(esc(t.header().get(c))).append("</text>");
        }
        return s.append("</svg>\n").toString();
    }

    private static double value(Layout.Cell c) {
        try {
            return Double.parseDouble(c.text());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String fmt(double d) {
        return Layout.format(Math.round(d * 10) / 10.0);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:960px;\
            padding:8px 12px;color:#1a202c;background:#fff;line-height:1.35}\
            h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;border-bottom:2px solid #cbd5e0;margin-top:1.4em}\
            h3{font-size:1em;margin:1em 0 .3em}.span{color:#4a5568}\
            section.problem h2{border-color:#e53e3e}\
            .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9em;margin-bottom:.6em}\
            th,td{padding:2px 10px 2px 0;text-align:left;vertical-align:top;border-bottom:1px solid #edf2f7}\
            td{overflow-wrap:anywhere}td:first-child{white-space:nowrap}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
            svg.chart{width:100%;max-width:720px;height:auto;display:block;margin:.3em 0}svg.bars{max-width:520px}\
            svg .label,svg .value,svg .tick{font-size:12px;fill:#2d3748}.none{color:#718096}\
            @media print{body{max-width:none}section{break-inside:avoid-page}.scroll{overflow:visible}}\
            """;
}
