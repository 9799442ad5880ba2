package dev.chatgen.config;

import java.net.URI;

/** @param auth "user:password", or empty when the API has no --api-auth */
public record A1111Config(URI url, String auth) {
    public A1111Config {
        Keys.RENDER_A1111_URL.require(url);
        Keys.RENDER_A1111_AUTH.require(auth);
    }

    public boolean hasAuth() {
        return !auth.isEmpty();
    }

    @Override
    public String toString() { // keeps the password out of logs
        return "A1111Config[url=" + url + ", auth=" + (hasAuth() ? "(hidden)" : "") + "]";
    }
}
