package dev.chatgen.config;

import java.net.URI;
import java.util.List;

/**
 * @param urls one per AUTOMATIC1111/Forge server
 * @param auth "user:password", or empty when the API has no --api-auth
 */
public record A1111Config(List<URI> urls, String auth) {
    public A1111Config {
        Keys.RENDER_A1111_URL.require(urls);
        Keys.RENDER_A1111_AUTH.require(auth);
    }

    public A1111Config(URI url, String auth) {
        this(List.of(url), auth);
    }

    /** The first server. */
    public URI url() {
        return urls.get(0);
    }

    public boolean hasAuth() {
        return !auth.isEmpty();
    }

    @Override
    public String toString() { // keeps the password out of logs
        return "A1111Config[urls=" + urls + ", auth=" + (hasAuth() ? "(hidden)" : "") + "]";
    }
}
