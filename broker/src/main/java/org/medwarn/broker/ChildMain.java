package org.medwarn.broker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of the broker's child JVM (internal to {@link EmbeddedKafkaBroker}).
 *
 * <p>Usage: {@code ChildMain <parent-pid> <main-class> [args...]}. Starts a daemon thread that
 * exits this JVM (running Kafka's own shutdown hook, i.e. a graceful shutdown) as soon as the
 * parent process is gone, then runs {@code main-class}'s {@code main} in the current thread. This
 * guarantees that no broker outlives its parent, even if the parent was killed with SIGKILL and had
 * no chance to run its shutdown hooks.
 *
 * <p>Uses only the JDK; Kafka's classes are loaded reflectively from the child's classpath.
 */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("Usage: ChildMain <parent-pid> <main-class> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("Parent process " + parentPid + " is gone; not starting.");
            System.exit(3);
        }
        parent.get()
                .onExit()
                .thenRun(
                        () -> {
                            System.err.println(
                                    "Parent process " + parentPid + " exited; shutting down.");
                            System.exit(0);
                        });

        Class<?> mainClass = Class.forName(args[1]);
        Method main = mainClass.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
