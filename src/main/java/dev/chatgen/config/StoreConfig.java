package dev.chatgen.config;

import java.nio.file.Path;
import java.util.Optional;

/** Where conversations, jobs and images are kept. */
public record StoreConfig(String url, Path path, String user, String password, Optional<Path> migrations, Path attachmentsDir) {
    public StoreConfig {
        Keys.STORE_URL.require(url);
        Keys.STORE_PATH.require(path);
        Keys.STORE_USER.require(user);
        Keys.STORE_PASSWORD.require(password);
        Keys.STORE_MIGRATIONS.require(migrations);
        Keys.STORE_ATTACHMENTS_DIR.require(attachmentsDir);
    }

    /** The password stays out of logs and test failure messages. */
    @Override
    public String toString() {
        return "StoreConfig[url=" + url + ", path=" + path + ", user=" + user + ", migrations=" + migrations
                + ", attachmentsDir=" + attachmentsDir + "]";
    }
}
