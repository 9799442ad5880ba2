package dev.chatgen.store;

import java.sql.Connection;
import java.sql.DriverManager;

/** Run in a second JVM: opens an H2 file database and keeps it open, as another chatgen process would. */
public final class HoldDatabase {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0], "sa", "")) {
            System.out.println("HOLDING");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
