package org.medwarn.ingest;

/**
 * Masks personal data (个人信息脱敏) at registry ingestion, so that neither Flink state nor any output
 * holds a full name or ID number. Pure functions; null or blank input gives null.
 *
 * <ul>
 *   <li>{@link #name}: the first character, then one {@code *} per remaining character: 张三 → 张*,
 *       欧阳小明 → 欧***; a one-character name stays as it is (there is nothing to hide behind).
 *   <li>{@link #certno}: the first 4 and last 4 characters with one {@code *} per character in
 *       between: 371525199001011234 → 3715**********1234. Any length is accepted (old 15-digit IDs,
 *       passports); an ID of 8 characters or fewer is masked entirely, since showing 4 + 4 would
 *       show all of it.
 * </ul>
 *
 * Characters are Unicode code points, so names outside the Basic Multilingual Plane (rare 汉字 in CJK
 * Extension B) are masked per character, not per UTF-16 unit.
 */
public final class PersonalDataMask {
    private static final int CERTNO_SHOWN = 4;

    private PersonalDataMask() {}

    /** The masked name, e.g. 张*; null for null or blank. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        int[] cps = name.strip().codePoints().toArray();
        StringBuilder sb = new StringBuilder().appendCodePoint(cps[0]);
        sb.append("*".repeat(cps.length - 1));
        return sb.toString();
    }

    /** The masked ID number, e.g. 3715**********1234; null for null or blank. */
    public static String certno(String certno) {
        if (certno == null || certno.isBlank()) {
            return null;
        }
        int[] cps = certno.strip().codePoints().toArray();
        if (cps.length <= 2 * CERTNO_SHOWN) {
            return "*".repeat(cps.length);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            boolean shown = i < CERTNO_SHOWN || i >= cps.length - CERTNO_SHOWN;
            if (shown) {
                sb.appendCodePoint(cps[i]);
            } else {
                sb.append('*');
            }
        }
        return sb.toString();
    }
}
