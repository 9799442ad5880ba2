package dev.chatgen.config;

public record HordeConfig(java.net.URI url, String apiKey) {
    /** The key the AI Horde accepts from anyone, at the lowest priority. */
    public static final String ANONYMOUS_KEY = "0000000000";

    public HordeConfig {
        Keys.RENDER_HORDE_URL.require(url);
        Keys.RENDER_HORDE_API_KEY.require(apiKey);
    }

    public boolean anonymous() {
        return ANONYMOUS_KEY.equals(apiKey);
    }

    @Override
    public String toString() { // keeps a real key out of logs
        return "HordeConfig[url=" + url + ", apiKey=" + (anonymous() ? ANONYMOUS_KEY : "(hidden)") + "]";
    }
}
