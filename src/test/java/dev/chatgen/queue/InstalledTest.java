package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.SharedEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which models the configured backends have, as planning and claiming see it. */
class InstalledTest {
    private final ModelCatalog catalog = SharedEngine.catalog();
    private final MutableClock clock = MutableClock.atNoon();

    /** A GPU server that reports some model files, or cannot be reached. */
    private static final class Reporting implements ImageBackend {
        volatile InstalledModels models;
        volatile boolean down;
        int asked;

        Reporting(InstalledModels models) {
            this.models = models;
        }

        @Override
        public String name() {
            return "gpu";
        }

        @Override
        public Optional<String> loadedCheckpoint() {
            return Optional.empty();
        }

        @Override
        public InstalledModels installedModels() {
            asked++;
            if (down) {
                throw new BackendUnavailableException("connection refused", null);
            }
            return models;
        }

        @Override
        public RenderedImage render(RenderRequest request, RenderProgress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel() {
        }
    }

    private T2IModel model(String id) {
        return catalog.find(id).orElseThrow();
    }

    @Test
    void serverFileNames_matchCatalogModels_andOnlyCheckpointsAreClaimable() {
        Reporting gpu = new Reporting(InstalledModels.of(
                List.of("realisticVisionV51_v51VAE.safetensors [15012c538f]", "sd_xl_base_1.0.safetensors"), List.of()));
        Installed installed = new Installed(catalog, List.of(gpu), Duration.ofMinutes(1), clock);

        Set<String> checkpoints = installed.checkpointsOf(gpu).orElseThrow();
        assertTrue(checkpoints.contains("realisticVisionV51_v51VAE"), checkpoints.toString());
        assertTrue(checkpoints.contains("sd_xl_base_1_0"), checkpoints.toString());
        assertEquals(2, checkpoints.size());
    }

    @Test
    void planningIsMaskedToWhatSomeBackendHas_unlessOneRunsAnything() {
        Reporting gpu = new Reporting(InstalledModels.of(List.of("realisticVisionV51_v51VAE.safetensors"), List.of()));
        ModelMask narrowed = new Installed(catalog, List.of(gpu), Duration.ofMinutes(1), clock).mask(ModelMask.safeForWork());
        assertTrue(narrowed.rejection(model("realisticVisionV51_v51VAE")).isEmpty());
        assertFalse(narrowed.rejection(model("dreamshaper_8")).isEmpty());

        ModelMask open = new Installed(catalog, List.of(gpu, new RecipeCardBackend()), Duration.ofMinutes(1), clock)
                .mask(ModelMask.safeForWork());
        assertTrue(open.rejection(model("dreamshaper_8")).isEmpty());
    }

    @Test
    void anUnreachableBackend_keepsItsLastAnswer_andOneNeverReachedNarrowsNothing() {
        Reporting gpu = new Reporting(InstalledModels.of(List.of("realisticVisionV51_v51VAE.safetensors"), List.of()));
        gpu.down = true;
        Installed installed = new Installed(catalog, List.of(gpu), Duration.ofMinutes(1), clock);
        assertEquals(Optional.empty(), installed.checkpointsOf(gpu));
        assertTrue(installed.mask(ModelMask.safeForWork()).rejection(model("dreamshaper_8")).isEmpty());

        gpu.down = false;
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Set.of("realisticVisionV51_v51VAE"), installed.checkpointsOf(gpu).orElseThrow());
        gpu.down = true;
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Set.of("realisticVisionV51_v51VAE"), installed.checkpointsOf(gpu).orElseThrow());
    }

    @Test
    void answersAreCached_forTheRefreshInterval() {
        Reporting gpu = new Reporting(InstalledModels.of(List.of("dreamshaper_8.safetensors"), List.of()));
        Installed installed = new Installed(catalog, List.of(gpu), Duration.ofMinutes(1), clock);
        installed.checkpointsOf(gpu);
        installed.checkpointsOf(gpu);
        assertEquals(1, gpu.asked);
        clock.advance(Duration.ofSeconds(61));
        installed.checkpointsOf(gpu);
        assertEquals(2, gpu.asked);
    }
}
