package org.medwarn.generate;

/**
 * The kinds of care a settlement pays for, with their national {@code med_type} (医疗类别) and the main
 * diagnoses (ICD-10 code and name) they are drawn from.
 */
enum Care {
    /** 普通门诊 at a village clinic, township or county hospital. */
    OUTPATIENT(
            "11",
            new String[][] {
                {"J06.900", "急性上呼吸道感染"}, {"K29.700", "胃炎"}, {"M54.500", "腰痛"}, {"I10.x00", "高血压"},
                {"J20.900", "急性支气管炎"}, {"K02.900", "龋病"}, {"L30.900", "皮炎"}, {"R51.x00", "头痛"}
            }),
    /** 定点药店购药. */
    PHARMACY("41", new String[][] {{"Z76.000", "重复配药"}}),
    /** 门诊慢特病: monthly settlements of a chronic condition. */
    CHRONIC(
            "14",
            new String[][] {
                {"I10.x00", "高血压"},
                {"E11.900", "2型糖尿病"},
                {"I25.100", "冠心病"},
                {"J44.900", "慢性阻塞性肺病"},
                {"I69.300", "脑梗死后遗症"}
            }),
    /** 门诊慢特病: dialysis, monthly. */
    DIALYSIS("14", new String[][] {{"N18.500", "慢性肾脏病5期"}}),
    /** 住院: a routine admission. */
    INPATIENT(
            "21",
            new String[][] {
                {"J18.900", "肺炎"},
                {"I63.900", "脑梗死"},
                {"K80.200", "胆囊结石"},
                {"O80.000", "单胎顺产"},
                {"S72.000", "股骨颈骨折"},
                {"I20.000", "不稳定型心绞痛"},
                {"K35.800", "急性阑尾炎"},
                {"H25.900", "老年性白内障"}
            }),
    /** 住院: one of several admissions of a major illness (cancer, stroke, ...). */
    MAJOR(
            "21",
            new String[][] {
                {"C34.900", "肺恶性肿瘤"},
                {"C16.900", "胃恶性肿瘤"},
                {"C22.000", "肝细胞癌"},
                {"I61.900", "脑出血"},
                {"C50.900", "乳腺恶性肿瘤"},
                {"C18.900", "结肠恶性肿瘤"},
                {"I21.900", "急性心肌梗死"}
            }),
    /** 住院: a catastrophic illness (leukaemia, aortic dissection, severe burns, ...). */
    CATASTROPHIC(
            "21",
            new String[][] {
                {"C91.000", "急性淋巴细胞白血病"}, {"C92.000", "急性髓系白血病"}, {"C85.900", "非霍奇金淋巴瘤"},
                {"I71.000", "主动脉夹层"}, {"T31.500", "大面积烧伤"}, {"Q21.300", "法洛四联症"}
            });

    final String medType;
    final String[][] diagnoses;

    Care(String medType, String[][] diagnoses) {
        this.medType = medType;
        this.diagnoses = diagnoses;
    }

    boolean inpatient() {
        return medType.equals("21");
    }
}
