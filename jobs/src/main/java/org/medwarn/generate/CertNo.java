package org.medwarn.generate;

import java.time.LocalDate;

/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd for men,
 * even for women) and an ISO 7064 MOD 11-2 check character ({@code 0}–{@code 9} or {@code X}).
 */
public final class CertNo {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private CertNo() {}

    /**
     * The 18-character number.
     *
     * @param sequence 0–999: the order of registration on that birth date
     */
    public static String of(String admdvs, LocalDate birth, int sequence) {
        int date = birth.getYear() * 10_000 + birth.getMonthValue() * 100 + birth.getDayOfMonth();
        String body =
                admdvs
                        + date
                        + (char) ('0' + sequence / 100)
                        + (sequence / 10 % 10)
                        + (sequence % 10);
        return body + checkChar(body);
    }

    /** The check character of the first 17 digits. */
    public static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Whether {@code certno} has 17 digits, a valid birth date and the right check character. */
    public static boolean isValid(String certno) {
        if (certno == null || certno.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(certno.charAt(i))) {
                return false;
            }
        }
        try {
            LocalDate.parse(
                    certno.substring(6, 10)
                            + "-"
                            + certno.substring(10, 12)
                            + "-"
                            + certno.substring(12, 14));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        return certno.charAt(17) == checkChar(certno);
    }
}
