package org.medwarn.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * 冠县 (admdvs 371525) as the generator sees it: its 18 townships (乡镇/街道, codes and names from
 * DOMAIN.md §2) with a population weight each, and 20–40 villages (村, or 社区 under a 街道) under every
 * township with 12-digit 统计用区划代码 codes (township code + 3 digits: 0xx for 社区, 2xx for 村, as the
 * statistical codes do) and plausible names ("张庄村", "后王集村", …).
 *
 * <p>The county is fixed: it does not depend on the generator's seed, so the same village code
 * always has the same name.
 */
public final class CountyModel {
    public static final String COUNTY_CODE = "371525";
    public static final String COUNTY_NAME = "冠县";

    /** One township: 9-digit code, name and relative population. */
    public record Township(String code, String name, int weight) {
        boolean isStreet() {
            return name.endsWith("街道");
        }
    }

    /** One village: 12-digit code, name, its township. */
    public record Village(String code, String name, Township township) {}

    /** The townships of 冠县, DOMAIN.md §2; weights are rough relative populations. */
    public static final List<Township> TOWNSHIPS =
            List.of(
                    new Township("371525001", "清泉街道", 90),
                    new Township("371525002", "崇文街道", 70),
                    new Township("371525003", "烟庄街道", 55),
                    new Township("371525101", "贾镇", 45),
                    new Township("371525102", "桑阿镇", 45),
                    new Township("371525103", "柳林镇", 50),
                    new Township("371525104", "清水镇", 40),
                    new Township("371525105", "东古城镇", 45),
                    new Township("371525106", "北馆陶镇", 40),
                    new Township("371525107", "店子镇", 45),
                    new Township("371525108", "定远寨镇", 35),
                    new Township("371525109", "辛集镇", 40),
                    new Township("371525110", "梁堂镇", 40),
                    new Township("371525111", "范寨镇", 35),
                    new Township("371525112", "甘官屯镇", 45),
                    new Township("371525200", "斜店乡", 30),
                    new Township("371525206", "兰沃乡", 30),
                    new Township("371525209", "万善乡", 30));

    private static final String[] VILLAGE_SURNAMES = {
        "王", "张", "李", "刘", "赵", "杨", "孙", "马", "郭", "徐", "朱", "韩", "崔", "高", "田", "董", "范", "魏",
        "贾", "梁", "冯", "杜", "吕", "程", "邢", "邵", "袁", "薛", "岳", "耿", "石", "孟"
    };
    private static final String[] VILLAGE_SUFFIXES = {
        "庄", "屯", "集", "寨", "营", "楼", "店", "堂", "园", "堤", "口", "庙", "桥", "洼"
    };
    private static final String[] VILLAGE_PREFIXES = {
        "", "", "", "东", "西", "南", "北", "前", "后", "大", "小"
    };
    private static final String[] COMMUNITY_NAMES = {
        "清泉", "文化", "振兴", "冠宜春", "鸿图", "建设", "和平", "新华", "育才", "东关", "西关", "南关", "北关",
        "馆陶", "红星", "幸福", "兴华", "崇文", "烟庄", "光明", "朝阳", "前进", "富民", "利民", "新城", "书香",
        "凤凰", "锦绣", "御园", "金城", "花园", "滨河"
    };

    private static final CountyModel INSTANCE = new CountyModel();

    private final List<Village> villages;
    private final long[] cumulativeWeight;

    private CountyModel() {
        SplittableRandom random = new SplittableRandom(371525L);
        List<Village> all = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (Township t : TOWNSHIPS) {
            int count = 20 + random.nextInt(21);
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= count; i++) {
                String name;
                String code;
                if (t.isStreet() && i <= count / 2) {
                    code = t.code() + String.format("%03d", i);
                    do {
                        name = COMMUNITY_NAMES[random.nextInt(COMMUNITY_NAMES.length)] + "社区";
                    } while (!names.add(name));
                } else {
                    code = t.code() + String.format("%03d", 200 + i);
                    do {
                        name =
                                VILLAGE_PREFIXES[random.nextInt(VILLAGE_PREFIXES.length)]
                                        + VILLAGE_SURNAMES[random.nextInt(VILLAGE_SURNAMES.length)]
                                        + VILLAGE_SUFFIXES[random.nextInt(VILLAGE_SUFFIXES.length)]
                                        + "村";
                    } while (!names.add(name));
                }
                all.add(new Village(code, name, t));
                // A township's population is spread over its villages unevenly (0.5x to 1.5x).
                weights.add((long) t.weight() * (500 + random.nextInt(1001)) / count);
            }
        }
        villages = List.copyOf(all);
        cumulativeWeight = new long[weights.size()];
        long sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i);
            cumulativeWeight[i] = sum;
        }
    }

    /** The county. */
    public static CountyModel get() {
        return INSTANCE;
    }

    public List<Village> villages() {
        return villages;
    }

    /** A village index drawn by population weight. */
    int drawVillage(SplittableRandom random) {
        long x = random.nextLong(cumulativeWeight[cumulativeWeight.length - 1]);
        int lo = 0;
        int hi = cumulativeWeight.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeWeight[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
