package org.medwarn.generate;

import java.util.List;

/**
 * 定点医药机构 that the generated settlements name: the township hospital (乡镇卫生院) of the person's
 * township, the county hospitals of 冠县, the city and province hospitals, and pharmacies. {@code
 * hosp_lv} uses the national 医院等级 codes (02 三级甲等, 05 二级甲等, 08 一级甲等, 11 无等级).
 */
record Facility(String code, String name, String hospLv, Tier tier) {
    /** Where the care happens; it sets deductibles and reimbursement rates. */
    enum Tier {
        PRIMARY,
        COUNTY,
        TERTIARY,
        PHARMACY
    }

    static final List<Facility> COUNTY_HOSPITALS =
            List.of(
                    new Facility("H37152500001", "冠县人民医院", "05", Tier.COUNTY),
                    new Facility("H37152500002", "冠县中医医院", "05", Tier.COUNTY),
                    new Facility("H37152500003", "冠县妇幼保健院", "05", Tier.COUNTY));

    static final List<Facility> TERTIARY_HOSPITALS =
            List.of(
                    new Facility("H37150200001", "聊城市人民医院", "02", Tier.TERTIARY),
                    new Facility("H37150200002", "聊城市第二人民医院", "02", Tier.TERTIARY),
                    new Facility("H37010200001", "山东省立医院", "02", Tier.TERTIARY),
                    new Facility("H37010200002", "山东大学齐鲁医院", "02", Tier.TERTIARY));

    static final List<Facility> PHARMACIES =
            List.of(
                    new Facility("P37152500001", "冠县漱玉平民大药房", "11", Tier.PHARMACY),
                    new Facility("P37152500002", "冠县立健大药房", "11", Tier.PHARMACY),
                    new Facility("P37152500003", "冠县百姓大药房", "11", Tier.PHARMACY));

    /** The township hospital (or community health centre of a 街道) of a township. */
    static Facility primary(CountyModel.Township township) {
        String suffix = township.name().endsWith("街道") ? "社区卫生服务中心" : "卫生院";
        return new Facility(
                "H" + township.code() + "01",
                CountyModel.COUNTY_NAME + township.name() + suffix,
                "08",
                Tier.PRIMARY);
    }
}
