package dev.chatgen.config;

import java.nio.file.Path;

/** Where the catalog files are; paths are absolute. */
public record CatalogConfig(Path models, Path demonstrations) {
    public CatalogConfig {
        Keys.CATALOG_MODELS.require(models);
        Keys.CATALOG_DEMONSTRATIONS.require(demonstrations);
    }
}
