package org.medwarn.sink.search;

import java.io.Serializable;

/**
 * Where {@link SearchSink} puts documents the search engine rejected for good. A sink writer cannot
 * emit to a side output, so the writer owns one of these (each subtask gets its own copy: {@link
 * #open()} is called once per writer, before any {@link #reject}).
 */
public interface SearchDeadLetters extends Serializable {

    void open();

    /**
     * Records one rejected document.
     *
     * @param doc the document as it was sent
     * @param detail why: the status, error type and reason from the search engine
     */
    void reject(SearchDocument doc, String detail);

    /** Makes every rejection so far durable; called before each checkpoint. */
    default void flush() {}

    default void close() {}
}
