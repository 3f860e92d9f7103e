package org.mailsight.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text and JSON show the same report: every number the text shows is the JSON's number at the place the layout
 * names, and every row of the layout is a line of the text. (The HTML page is checked in a browser: ReportBrowserIT.)
 */
class ViewsAgreeTest {

    @ParameterizedTest
    @ValueSource(strings = {"postfix/maillog", "exim/mainlog", "dovecot/dovecot.log"})
    void textShowsTheJsonNumbers(String corpus) {
        String json = Reports.of("json", List.of(), corpus);
        String text = Reports.of("text", List.of(), corpus);
        JsonNode tree = JsonPaths.tree(json);
        Report r = JsonView.read(json);
        assertThat(JsonView.render(r)).as("the JSON reads back to the same report").isEqualTo(json);

        List<String> lines = List.of(text.split("\n"));
        int at = 0;
        long numbers = 0;
        for (Layout.Section s : Layout.of(r, false)) {
            for (Layout.Table t : s.tables()) {
                for (List<Layout.Cell> row : t.rows()) {
                    for (Layout.Cell c : row) {
                        if (!c.numeric()) continue;
                        assertThat(Double.parseDouble(c.text())).as(c.path())
                                .isEqualTo(JsonPaths.at(tree, c.path()).asDouble());
                        numbers++;
                    }
                    // the row's cells, in order, on the next line of the text that has them
                    String expected = String.join(" ", row.stream().map(Layout.Cell::text).toList());
                    int found = -1;
                    for (int i = at; i < lines.size() && found < 0; i++) {
                        if (String.join(" ", lines.get(i).strip().split("\\s+")).equals(expected.strip().replaceAll("\\s+", " "))) found = i;
                    }
                    assertThat(found).as("text line for " + expected).isNotNegative();
                    at = found + 1;
                }
            }
        }
        // every grand total is shown
        List<String> totals = new ArrayList<>();
        for (Iterator<String> it = tree.get("totals").fieldNames(); it.hasNext(); ) totals.add(it.next());
        assertThat(totals).hasSize(Report.Totals.class.getRecordComponents().length);
        assertThat(numbers).isGreaterThan(totals.size());
        assertThat(text).contains("Grand totals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix/maillog", "exim/mainlog", "dovecot/dovecot.log"})
    void hoursAndDaysAddUpToTheTotals(String corpus) {
        Report r = Reports.json(corpus);
        for (List<Report.Traffic> series : List.of(r.hourly(), r.daily())) {
            assertThat(series.stream().mapToLong(Report.Traffic::received).sum()).isEqualTo(r.totals().received());
            assertThat(series.stream().mapToLong(Report.Traffic::delivered).sum()).isEqualTo(r.totals().delivered());
            assertThat(series.stream().mapToLong(Report.Traffic::deferred).sum()).isEqualTo(r.totals().deferrals());
            assertThat(series.stream().mapToLong(Report.Traffic::rejected).sum()).isEqualTo(r.totals().rejected());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix/maillog", "exim/mainlog"})
    void problemsFirstPutsProblemSectionsRightAfterTheTotals(String corpus) {
        String text = Reports.of("text", List.of("--problems-first"), corpus);
        int totals = text.indexOf("\nGrand totals\n");
        int deferrals = text.indexOf("\nDeferrals\n");
        int auth = text.indexOf("\nAuthentication\n");
        int traffic = text.indexOf("\nTraffic\n");
        assertThat(totals).isNotNegative();
        assertThat(deferrals).isGreaterThan(totals).isLessThan(traffic);
        assertThat(auth).isLessThan(traffic);
        String plain = Reports.of("text", List.of(), corpus);
        assertThat(plain.indexOf("\nTraffic\n")).isLessThan(plain.indexOf("\nDeferrals\n"));
    }
}
