package org.medwarn.report;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.medwarn.avro.CadencePerson;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.cadence.CadencePolicy;
import org.medwarn.policy.Policy;

/**
 * 随时反馈: a warning that raises a person to a level whose feedback cadence is {@code immediate} (red
 * by default) becomes one {@link Feedback} at once, to the person's township, with the id {@code
 * W-psn_no-year-sequence} of the warning. Warnings down, or to a level with a calendar cadence,
 * give none (those levels are fed back by {@link CadenceScheduler}).
 */
public class ImmediateFeedback implements FlatMapFunction<Warning, Feedback> {
    private static final long serialVersionUID = 1L;

    private final String policyVersion;
    private final CadencePolicy cadences;

    public ImmediateFeedback(Policy policy) {
        this.policyVersion = policy.version();
        this.cadences = policy.cadences();
    }

    @Override
    public void flatMap(Warning w, Collector<Feedback> out) {
        Level to = w.getToLevel();
        if (to == Level.NONE
                || to.ordinal() <= w.getFromLevel().ordinal()
                || !cadences.feedback(to).isImmediate()) {
            return;
        }
        CadencePerson person =
                CadencePerson.newBuilder()
                        .setPsnNo(w.getPsnNo())
                        .setYear(w.getYear())
                        .setCategory(w.getCategory())
                        .setIdentity(w.getIdentity())
                        .setLevel(to)
                        .setAnnualSelfPay(w.getAnnualSelfPay())
                        .setTownshipCode(w.getTownshipCode())
                        .setVillageCode(w.getVillageCode())
                        .setRegistryMissing(w.getRegistryMissing())
                        .setLevelReachedTime(w.getEventTime())
                        .setLastEventTime(w.getEventTime())
                        .setIsNew(true)
                        .setLate(false)
                        .build();
        out.collect(
                Feedback.newBuilder()
                        .setFeedbackId(
                                "W-" + w.getPsnNo() + "-" + w.getYear() + "-" + w.getSequence())
                        .setLevel(to)
                        .setCountyCode(w.getCountyCode())
                        .setTownshipCode(w.getTownshipCode())
                        .setFeedbackTime(w.getEventTime())
                        .setPreviousFeedbackTime(null)
                        .setImmediate(true)
                        .setSchedule(cadences.feedback(to).toString())
                        .setPolicyVersion(policyVersion)
                        .setPersonCount(1)
                        .setNewCount(1)
                        .setPersons(List.of(person))
                        .setWarningSequence(w.getSequence())
                        .setFromLevel(w.getFromLevel())
                        .setSetlId(w.getSetlId())
                        .build());
    }
}
