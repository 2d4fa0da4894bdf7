package org.medwarn.generate;

import java.util.SplittableRandom;

/**
 * Plausible Chinese names: a surname by its frequency in Shandong, then one or two given-name
 * characters from tables of common characters for men and women.
 */
final class ChineseNames {
    /** Surnames, most frequent first (roughly Shandong's order). */
    private static final String[] SURNAMES = {
        "王", "张", "李", "刘", "陈", "杨", "赵", "孙", "徐", "马", "朱", "高", "郭", "胡", "于", "韩", "崔", "田",
        "董", "宋", "周", "吴", "邢", "范", "魏", "贾", "梁", "冯", "杜", "吕", "程", "许", "邵", "袁", "曹", "薛",
        "岳", "耿", "石", "孟", "姜", "秦", "任", "段", "郑", "何", "谢", "丁", "侯", "苏"
    };

    private static final String[] MALE = {
        "伟", "强", "军", "磊", "勇", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "建", "国", "峰", "亮", "杰",
        "文", "斌", "波", "东", "志", "海", "林", "宁", "庆", "春", "德", "成", "永", "红", "兵", "新", "宇", "浩",
        "博", "俊", "泽", "子", "昊", "晨", "锋", "广", "振", "长", "金", "胜", "利", "忠"
    };

    private static final String[] FEMALE = {
        "芳", "娜", "敏", "静", "丽", "艳", "秀", "英", "霞", "燕", "玲", "桂", "兰", "萍", "红", "梅", "莉", "娟",
        "婷", "雪", "琳", "慧", "颖", "洁", "欣", "佳", "悦", "雨", "晓", "彤", "春", "凤", "玉", "云", "金", "淑",
        "华", "珍", "荣", "爱", "琴", "倩", "宁", "涵", "梓", "思", "可", "诗", "萱", "月"
    };

    /** No second given-name character. */
    static final int NONE = Short.MIN_VALUE;

    private ChineseNames() {}

    /** A surname index; frequencies fall off like Zipf's law. */
    static int drawSurname(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * u * u));
    }

    /** A given-name character index; men's and women's tables are kept apart by the sign. */
    static int drawGiven(SplittableRandom random, boolean male) {
        return male ? random.nextInt(MALE.length) : -1 - random.nextInt(FEMALE.length);
    }

    /** A full name; {@code given2} is {@link #NONE} for a one-character given name. */
    static String name(int surname, int given1, int given2) {
        return SURNAMES[surname] + given(given1) + (given2 == NONE ? "" : given(given2));
    }

    private static String given(int index) {
        return index >= 0 ? MALE[index] : FEMALE[-1 - index];
    }
}
