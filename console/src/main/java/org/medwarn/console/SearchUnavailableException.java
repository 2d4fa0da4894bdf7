package org.medwarn.console;

/** The search engine could not be reached (connection refused, timeout, DNS): answered with 503. */
public final class SearchUnavailableException extends RuntimeException {

    private final String searchUrl;

    public SearchUnavailableException(String searchUrl, Throwable cause) {
        super("搜索引擎不可达 / search engine unreachable: " + searchUrl + " (" + cause + ")", cause);
        this.searchUrl = searchUrl;
    }

    public String searchUrl() {
        return searchUrl;
    }
}
