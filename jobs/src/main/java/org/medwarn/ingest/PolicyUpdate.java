package org.medwarn.ingest;

/**
 * A validated policy published to the {@code policies} topic, as its YAML text: what the monitor's
 * broadcast input receives and keeps in broadcast state. A flat Flink POJO (a {@link
 * org.medwarn.policy.Policy} itself would need Kryo).
 */
public class PolicyUpdate {
    public String version;

    /** {@code effective_from}, epoch millis. */
    public long effectiveFrom;

    /** The policy file's text, UTF-8. */
    public String yaml;

    // --- provenance ---
    public String source;
    public int partition;
    public long offset;

    public PolicyUpdate() {}
}
