package org.medwarn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.legacy.SourceFunction;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.medwarn.avro.Category;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.InputValidator;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.state.SelfPayMonitor;
import org.medwarn.time.ChinaTime;

/**
 * A live pipeline (local MiniCluster, live watermarks) whose source sends one registry entry and
 * one settlement on Saturday 4 January 2025 and then nothing, without ending: the Monday 6 January
 * 00:00 screening still happens, because the live watermark moves on with the wall clock once the
 * settlements stop. The wall clock here runs one day per second, starting at the settlement.
 */
class IdleScreeningIT {
    private static final String SATURDAY = "2025-01-04 10:00:00";

    /** A wall clock that runs {@code speed} times as fast, from {@code start} on. */
    record FastClock(long start, long realStart, long speed)
            implements SettlementTimeWatermarks.WallClock {
        @Override
        public long millis() {
            return start + (System.currentTimeMillis() - realStart) * speed;
        }
    }

    /** Sends the events, then stays open and silent until cancelled. */
    static final class SilentAfterwards implements SourceFunction<MonitoringEvent> {
        private static final long serialVersionUID = 1L;
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<MonitoringEvent> ctx) throws Exception {
            synchronized (ctx.getCheckpointLock()) {
                ctx.collect(
                        InputValidator.person(
                                PersonRecord.newBuilder()
                                        .setPsnNo("P1")
                                        .setCategory(Category.ASSISTED)
                                        .setAdmdvs("371525101001")
                                        .setEffectiveFrom("2024-01-01")
                                        .build()));
                ctx.collect(
                        InputValidator.settlement(
                                Settlement.newBuilder()
                                        .setSetlId("S1")
                                        .setPsnNo("P1")
                                        .setSetlTime(SATURDAY)
                                        .setPsnPartAmt(new BigDecimal("31000.00"))
                                        .setRefdSetlFlag("0")
                                        .setInsuAdmdvs("371525")
                                        .build()));
            }
            while (running) {
                Thread.sleep(20);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mondayScreeningHappensWithNoInputAfterSaturday() throws Exception {
        Policy policy = PolicyLoader.defaultPolicy();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(20);
        FastClock clock =
                new FastClock(ChinaTime.parse(SATURDAY), System.currentTimeMillis(), 86_400);
        SingleOutputStreamOperator<MonitoringEvent> events =
                env.addSource(new SilentAfterwards(), TypeInformation.of(MonitoringEvent.class))
                        .assignTimestampsAndWatermarks(
                                SettlementTimeWatermarks.live(
                                        Duration.ofMinutes(1), Duration.ofMinutes(1), clock));
        SingleOutputStreamOperator<Warning> monitor =
                events.keyBy(e -> e.psnNo)
                        .connect(
                                // no published policies, with the events' own watermarks (a
                                // finished or silent second input would hold event time back)
                                events.filter(e -> false)
                                        .map(e -> (PolicyUpdate) null)
                                        .returns(PolicyUpdate.class)
                                        .broadcast(SelfPayMonitor.POLICIES))
                        .process(new SelfPayMonitor(policy));
        CadenceReports reports = CadenceReports.define(monitor, policy, "");

        List<String> seen = new ArrayList<>();
        try (CloseableIterator<Screening> screenings = reports.screenings().collectAsync()) {
            JobClient job = env.executeAsync("idle screening");
            try {
                while (screenings.hasNext()) {
                    Screening s = screenings.next();
                    seen.add(s.getScreeningId() + " " + s.getPersonCount());
                    if (s.getScreeningId().equals("ASSISTED-371525-202501060000")) {
                        assertThat(s.getPersons()).hasSize(1);
                        assertThat(s.getPersons().get(0).getPsnNo()).isEqualTo("P1");
                        assertThat(s.getPersons().get(0).getIsNew()).isTrue();
                        break;
                    }
                }
            } finally {
                job.cancel().get();
            }
        }
        assertThat(seen)
                .containsExactly(
                        "ASSISTED-371525-202501020000 0", "ASSISTED-371525-202501060000 1");
    }
}
