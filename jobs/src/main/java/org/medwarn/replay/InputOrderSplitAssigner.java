package org.medwarn.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out file splits in the order the files were given (the registry before the settlements), so
 * that a single reader reads them in that order: replays are deterministic.
 */
final class InputOrderSplitAssigner implements FileSplitAssigner {
    private final List<String> order;
    private final List<FileSourceSplit> remaining = new ArrayList<>();

    InputOrderSplitAssigner(List<String> order, Collection<FileSourceSplit> splits) {
        this.order = order;
        addSplits(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return remaining.isEmpty() ? Optional.empty() : Optional.of(remaining.remove(0));
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        remaining.addAll(splits);
        remaining.sort(
                Comparator.comparingInt((FileSourceSplit s) -> order.indexOf(s.path().toString()))
                        .thenComparingLong(FileSourceSplit::offset));
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(remaining);
    }
}
