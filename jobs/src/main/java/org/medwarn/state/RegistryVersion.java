package org.medwarn.state;

import org.medwarn.avro.Category;

/** One version of a person's registry entry (人员身份), in effect from {@code effectiveFrom}. */
public class RegistryVersion {
    public long effectiveFrom;
    public Category category;
    public String identity;

    /** 12-digit village code. */
    public String admdvs;

    /** Masked name (张*) and ID number (3715**********1234); null when the entry has none. */
    public String psnNameMasked;

    public String certnoMasked;

    public RegistryVersion() {}

    public RegistryVersion(long effectiveFrom, Category category, String identity, String admdvs) {
        this.effectiveFrom = effectiveFrom;
        this.category = category;
        this.identity = identity;
        this.admdvs = admdvs;
    }

    /** This version with masked personal data; returns {@code this}. */
    public RegistryVersion withMasked(String psnNameMasked, String certnoMasked) {
        this.psnNameMasked = psnNameMasked;
        this.certnoMasked = certnoMasked;
        return this;
    }
}
