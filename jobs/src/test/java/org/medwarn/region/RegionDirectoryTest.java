package org.medwarn.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RegionDirectoryTest {

    @Test
    void defaultDirectoryHasTheCountyAndItsEighteenTownships() {
        RegionDirectory d = RegionDirectory.defaultDirectory();
        assertThat(d.size()).isEqualTo(19);
        assertThat(d.name("371525")).isEqualTo("冠县");
        assertThat(d.name("371525001")).isEqualTo("清泉街道");
        assertThat(d.name("371525209")).isEqualTo("万善乡");
    }

    @Test
    void unknownCodeIsItsOwnName() {
        RegionDirectory d = RegionDirectory.defaultDirectory();
        assertThat(d.name("371525209010")).isEqualTo("371525209010");
        assertThat(d.name(null)).isNull();
    }

    @Test
    void malformedLineNamesSourceLineAndContent() {
        assertThatThrownBy(
                        () ->
                                RegionDirectory.parse(
                                        new StringReader("# c\n371525\t冠县\n37x\tbad\n"), "r.tsv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r.tsv:3")
                .hasMessageContaining("37x");
    }
}
