package org.mailsight.report;

import java.util.List;

/** Plain text in pflogsumm's manner (grand totals first, then sections): fixed columns that read well in a mail. */
public final class TextView {
    private TextView() {}

    public static String render(Report r, boolean problemsFirst) {
        StringBuilder b = new StringBuilder();
        Report.Period p = r.period();
        b.append("mailsight report");
        if (p.first() != null) b.append(": ").append(p.first()).append(" to ").append(p.last());
        b.append('\n');
        if (p.since() != null || p.until() != null) {
            b.append("range asked: ").append(p.since() == null ? "start" : p.since()).append(" to ")
                    .append(p.until() == null ? "end" : p.until()).append('\n');
        }
        for (Layout.Section s : Layout.of(r, problemsFirst)) {
            b.append('\n').append(s.title()).append('\n').append("-".repeat(s.title().length())).append('\n');
            boolean anyRow = false;
            for (Layout.Table t : s.tables()) {
                if (t.rows().isEmpty()) continue;
                anyRow = true;
                if (t.title() != null) b.append("  ").append(t.title()).append('\n');
                table(b, t);
            }
            if (!anyRow) b.append("  none\n");
        }
        return b.toString();
    }

    private static void table(StringBuilder b, Layout.Table t) {
        int columns = t.header().size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) width[c] = t.header().get(c).length();
        for (List<Layout.Cell> row : t.rows()) {
            for (int c = 0; c < columns; c++) width[c] = Math.max(width[c], row.get(c).text().length());
        }
        List<Layout.Cell> header = new java.util.ArrayList<>();
        for (int c = 0; c < columns; c++) {
            boolean numeric = t.rows().get(0).get(c).numeric();
            header.add(new Layout.Cell(t.header().get(c), numeric ? "" : null)); // numbers' headings align right
        }
        line(b, header, width, true);
        for (List<Layout.Cell> row : t.rows()) line(b, row, width, false);
        b.append('\n');
    }

    /** Numbers right-aligned, text left-aligned; the last column is not padded. */
    private static void line(StringBuilder b, List<Layout.Cell> row, int[] width, boolean header) {
        StringBuilder l = new StringBuilder("    ");
        for (int c = 0; c < row.size(); c++) {
            Layout.Cell cell = row.get(c);
            boolean last = c == row.size() - 1;
            String text = cell.text();
            if (cell.numeric()) l.append(" ".repeat(width[c] - text.length())).append(text);
            else if (last) l.append(text);
            else l.append(text).append(" ".repeat(width[c] - text.length()));
            if (!last) l.append("  ");
        }
        b.append(header ? l.toString().stripTrailing() : l.toString()).append('\n');
    }
}
