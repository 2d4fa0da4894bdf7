package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void namesKeepTheFirstCharacterOnly() {
        assertThat(PersonalDataMask.name("张三")).isEqualTo("张*");
        assertThat(PersonalDataMask.name("欧阳小明")).isEqualTo("欧***");
        assertThat(PersonalDataMask.name(" 李四 ")).isEqualTo("李*");
    }

    @Test
    void oneCharacterNameStays() {
        assertThat(PersonalDataMask.name("王")).isEqualTo("王");
    }

    @Test
    void supplementaryCharactersCountAsOne() {
        String rare = new String(Character.toChars(0x20000)); // 𠀀, CJK Extension B
        assertThat(PersonalDataMask.name(rare + "明")).isEqualTo(rare + "*");
        assertThat(PersonalDataMask.name("明" + rare)).isEqualTo("明*");
    }

    @Test
    void nullAndBlankGiveNull() {
        assertThat(PersonalDataMask.name(null)).isNull();
        assertThat(PersonalDataMask.name("  ")).isNull();
        assertThat(PersonalDataMask.certno(null)).isNull();
        assertThat(PersonalDataMask.certno("")).isNull();
    }

    @Test
    void eighteenDigitIdShowsFirstAndLastFour() {
        assertThat(PersonalDataMask.certno("371525199001011234")).isEqualTo("3715**********1234");
        assertThat(PersonalDataMask.certno("37152519900101123X")).isEqualTo("3715**********123X");
    }

    @Test
    void otherLengths() {
        assertThat(PersonalDataMask.certno("371525900101123")).isEqualTo("3715*******1123");
        assertThat(PersonalDataMask.certno("123456789")).isEqualTo("1234*6789");
        assertThat(PersonalDataMask.certno("12345678")).isEqualTo("********");
        assertThat(PersonalDataMask.certno("E1")).isEqualTo("**");
    }
}
