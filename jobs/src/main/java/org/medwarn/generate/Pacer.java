package org.medwarn.generate;

/**
 * Paces a feed in wall-clock time: either accelerated simulated time ({@code speed} simulated
 * seconds per real second: 1 is real time, 52,560 plays a year in ten minutes) or a fixed number of
 * records per second; unpaced when neither is set. {@link #catchUpThenSpeed} first feeds the
 * records before a simulated "today" unpaced.
 */
public final class Pacer {
    /** Speed that plays a year in ten minutes. */
    public static final double YEAR_IN_TEN_MINUTES = 365 * 24 * 60 / 10.0;

    private final double speed;
    private final double rate;
    private final long simulatedStart;
    private final long catchUpUntil;
    private long realStart = -1;

    private Pacer(double speed, double rate, long simulatedStart) {
        this(speed, rate, simulatedStart, Long.MIN_VALUE);
    }

    private Pacer(double speed, double rate, long simulatedStart, long catchUpUntil) {
        this.speed = speed;
        this.rate = rate;
        this.simulatedStart = simulatedStart;
        this.catchUpUntil = catchUpUntil;
    }

    /**
     * Catch-up, then accelerated time: records delivered before simulated {@code today} (epoch ms)
     * are not paced (as fast as the consumer takes them: the year so far), later ones run {@code
     * speed} times real time from {@code today}, counted from the first record delivered at or
     * after it.
     */
    public static Pacer catchUpThenSpeed(long today, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed: " + speed + " is not above 0");
        }
        return new Pacer(speed, 0, today, today);
    }

    /** Whether a record delivered at {@code deliveredAt} is still in the catch-up (unpaced). */
    public boolean catchingUp(long deliveredAt) {
        return deliveredAt < catchUpUntil;
    }

    public static Pacer unpaced() {
        return new Pacer(0, 0, 0);
    }

    /** Simulated time from {@code simulatedStart} (epoch ms) runs {@code speed} times real time. */
    public static Pacer speed(double speed, long simulatedStart) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed: " + speed + " is not above 0");
        }
        return new Pacer(speed, 0, simulatedStart);
    }

    public static Pacer rate(double recordsPerSecond) {
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("rate: " + recordsPerSecond + " is not above 0");
        }
        return new Pacer(0, recordsPerSecond, 0);
    }

    /**
     * Waits until record number {@code n} (from 1), delivered at simulated {@code deliveredAt}, is
     * due.
     */
    public void await(long n, long deliveredAt) throws InterruptedException {
        if (catchingUp(deliveredAt)) {
            return;
        }
        long now = System.nanoTime();
        if (realStart < 0) {
            realStart = now;
        }
        long due;
        if (speed > 0) {
            due = realStart + (long) ((deliveredAt - simulatedStart) * 1e6 / speed);
        } else if (rate > 0) {
            due = realStart + (long) (n * 1e9 / rate);
        } else {
            return;
        }
        long wait = due - now;
        if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
