package org.mailsight.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detect stage's configuration: each rule's tuning, the allow-lists, the cap on tracked entities per rule and
 * the reorder tolerance. Immutable; built from defaults, a rules file ({@link RulesFile}) or code.
 *
 * @param settings every rule's tuning, by rule id
 * @param maxEntities entities tracked per rule at most; beyond it the least recently seen is evicted (counted)
 * @param reorderSeconds how late (in log time) an event may arrive and still count, as Logstash workers reorder
 * @param allowAccounts accounts never alerted on (monitoring accounts, known bulk senders)
 * @param allowSenders envelope senders never alerted on (newsletters)
 * @param allowNetworks client networks never alerted on (NAT gateways, our own relays), as CIDR or addresses
 */
public record Rules(Map<String, Rule.Settings> settings, int maxEntities, long reorderSeconds, Set<String> allowAccounts,
        Set<String> allowSenders, List<String> allowNetworks) {

    public static final int DEFAULT_MAX_ENTITIES = 100_000;
    public static final long DEFAULT_REORDER_SECONDS = 300;

    public Rules {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        allowAccounts = Set.copyOf(allowAccounts);
        allowSenders = Set.copyOf(allowSenders);
        allowNetworks = List.copyOf(allowNetworks);
    }

    public static Rules defaults() {
        Map<String, Rule.Settings> s = new LinkedHashMap<>();
        for (Rule r : Rule.ALL) s.put(r.id(), r.defaults());
        return new Rules(s, DEFAULT_MAX_ENTITIES, DEFAULT_REORDER_SECONDS, Set.of(), Set.of(), List.of());
    }

    /** The second default profile for relays: the burst rules at 400 messages in 2 minutes. */
    public Rules relayProfile() {
        Rules r = this;
        for (Rule b : List.of(Rule.BURST_ACCOUNT, Rule.BURST_IP, Rule.BURST_SENDER)) {
            r = r.with(b.id(), settings.get(b.id()).withThreshold(400).withWindow(120));
        }
        return r;
    }

    public Rule.Settings of(Rule r) {
        return settings.get(r.id());
    }

    public Rules with(String id, Rule.Settings s) {
        Map<String, Rule.Settings> m = new LinkedHashMap<>(settings);
        m.put(id, s);
        return new Rules(m, maxEntities, reorderSeconds, allowAccounts, allowSenders, allowNetworks);
    }

    public Rules withMaxEntities(int v) {
        return new Rules(settings, v, reorderSeconds, allowAccounts, allowSenders, allowNetworks);
    }

    public Rules withReorderSeconds(long v) {
        return new Rules(settings, maxEntities, v, allowAccounts, allowSenders, allowNetworks);
    }

    public Rules withAllow(Set<String> accounts, Set<String> senders, List<String> networks) {
        return new Rules(settings, maxEntities, reorderSeconds, accounts, senders, networks);
    }
}
