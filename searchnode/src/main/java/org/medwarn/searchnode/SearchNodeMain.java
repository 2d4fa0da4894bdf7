package org.medwarn.searchnode;

import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Entry point of the search node's child JVM (internal to {@link EmbeddedSearchNode}): {@code
 * SearchNodeMain <http-port> <transport-port> <base-dir> <cluster-name>}. Starts one OpenSearch
 * node on 127.0.0.1, waits for a yellow cluster, prints {@value EmbeddedSearchNode#READY}, and runs
 * until the JVM is asked to stop (SIGTERM closes the node).
 */
public final class SearchNodeMain {
    private SearchNodeMain() {}

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.parseInt(args[0]);
        int transportPort = Integer.parseInt(args[1]);
        String baseDir = args[2];
        String clusterName = args[3];
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild(
                (index, settings) -> {
                    settings.put("http.port", httpPort);
                    settings.put("transport.port", transportPort);
                    settings.put("network.host", "127.0.0.1");
                    settings.put("discovery.type", "single-node");
                    // Small disks on test machines must not make the node read-only.
                    settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                });
        // Node n gets http port baseHttpPort + n; -1 disables the runner's port scan (up to 9299).
        runner.setMaxHttpPort(-1);
        runner.build(
                OpenSearchRunner.newConfigs()
                        .basePath(baseDir)
                        .numOfNode(1)
                        .baseHttpPort(httpPort - 1)
                        .clusterName(clusterName)
                        .disableESLogger());
        runner.ensureYellow();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        runner.close();
                                    } catch (Exception e) {
                                        e.printStackTrace();
                                    }
                                    stopped.countDown();
                                },
                                "search-node-stop"));
        System.out.println(EmbeddedSearchNode.READY + " http://127.0.0.1:" + httpPort);
        System.out.flush();
        stopped.await();
    }
}
