package org.medwarn.console;

/**
 * Masking of the person number (人员编号) in lists. Names and ID numbers arrive masked from the search
 * engine ({@code psn_name_masked}, {@code certno_masked}); the person number is stored in full
 * because it is the key, so lists mask it here and only the person page shows it whole.
 */
public final class Masks {

    private Masks() {}

    /** Keeps the first 3 and the last 3 characters: {@code P000001234} → {@code P00****234}. */
    public static String psnNo(String psnNo) {
        if (psnNo == null || psnNo.isEmpty()) {
            return psnNo;
        }
        if (psnNo.length() <= 6) {
            return psnNo.charAt(0) + "*".repeat(psnNo.length() - 1);
        }
        return psnNo.substring(0, 3) + "****" + psnNo.substring(psnNo.length() - 3);
    }
}
