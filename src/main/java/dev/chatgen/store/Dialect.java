package dev.chatgen.store;

/** The two databases the migrations and queries are written for. */
public enum Dialect {
    H2, POSTGRESQL;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("not an H2 or PostgreSQL JDBC URL: " + jdbcUrl);
    }
}
