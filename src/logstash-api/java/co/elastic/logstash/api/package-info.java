/**
 * Compile-only declarations of the public Logstash Java plugin API types the mailsight filter uses, with the
 * signatures of logstash-core 8.19 and 9.5 (identical for these types). Logstash provides the real classes at run
 * time; these are excluded from the shipped jar and gem. Methods whose types the plugin never touches
 * ({@code NamespacedMetric.timer}, {@code NamespacedMetric.register}, the codec, URI and password settings)
 * are left out rather than declared with invented types.
 */
package co.elastic.logstash.api;
