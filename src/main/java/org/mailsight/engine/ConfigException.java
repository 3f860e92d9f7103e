package org.mailsight.engine;

/**
 * A bad setting found while building a {@link PipelineConfig}: the option (in its canonical snake_case name, as
 * the Logstash filter spells it), the value given and one sentence on what is allowed. Each front door renders it
 * in its own spelling ({@code --max-in-flight 0 ...} on the command line, {@code max_in_flight => 0 ...} in
 * Logstash), so the user reads the option as they wrote it.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String option;
    private final String value;
    private final String problem;

    public ConfigException(String option, Object value, String problem) {
        super(option + " " + value + ": " + problem);
        this.option = option;
        this.value = String.valueOf(value);
        this.problem = problem;
    }

    /** Canonical option name, e.g. {@code max_in_flight}. */
    public String option() { return option; }

    public String value() { return value; }

    /** What is wrong and what is allowed, as a sentence ending with a full stop. */
    public String problem() { return problem; }

    /** The option as a command-line flag: {@code max_in_flight} is {@code --max-in-flight}. */
    public String cliOption() {
        return "--" + option.replace('_', '-');
    }
}
