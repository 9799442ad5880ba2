package dev.chatgen.queue;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which catalog models each configured backend can run, asked of the backends now and then.
 * Planning is masked to what some backend has (so no plan waits for a model nobody installed), and
 * each worker claims only jobs whose checkpoint its own backend has. A backend that cannot be
 * asked keeps its last answer; one never answered does not narrow anything.
 */
public final class Installed {
    private static final Logger LOG = LoggerFactory.getLogger(Installed.class);

    private final ModelCatalog catalog;
    private final List<ImageBackend> backends;
    private final Duration refresh;
    private final Clock clock;
    private final Map<ImageBackend, Known> known = new ConcurrentHashMap<>();

    /** Catalog ids a backend can run; {@code all} for a backend that runs anything. */
    private record Known(Set<String> ids, boolean all, Instant at) {
    }

    public Installed(ModelCatalog catalog, List<ImageBackend> backends, Duration refresh, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.backends = List.copyOf(backends);
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Tracks no backend: every backend may run any model (tests and benchmarks that need no routing). */
    static Installed untracked(Clock clock) {
        return new Installed(new ModelCatalog(List.of(), List.of()), List.of(), Duration.ofDays(1), clock);
    }

    /** The catalog ids (checkpoints and LoRAs) this backend can run; empty when it runs anything or was never reachable. */
    public Optional<Set<String>> modelsOf(ImageBackend backend) {
        if (!backends.contains(backend)) {
            return Optional.empty();
        }
        Known k = lookUp(backend);
        return k == null || k.all() ? Optional.empty() : Optional.of(k.ids());
    }

    /** Only the checkpoints: what a worker of this backend may claim. */
    public Optional<Set<String>> checkpointsOf(ImageBackend backend) {
        return modelsOf(backend).map(ids -> ids.stream().filter(id -> catalog.find(id).map(m -> !m.isLora()).orElse(false))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The planning mask: models some backend has, unless one runs anything or none has answered yet. */
    public ModelMask mask(ModelMask base) {
        Set<String> union = new HashSet<>();
        boolean anyKnown = false;
        for (ImageBackend b : backends) {
            Known k = lookUp(b);
            if (k == null) {
                continue;
            }
            if (k.all()) {
                return base;
            }
            anyKnown = true;
            union.addAll(k.ids());
        }
        return anyKnown ? base.installedOnly(union) : base;
    }

    private Known lookUp(ImageBackend backend) {
        Known k = known.get(backend);
        if (k != null && k.at().plus(refresh).isAfter(clock.instant())) {
            return k;
        }
        try {
            InstalledModels models = backend.installedModels();
            Set<String> ids = catalog.models().stream().filter(models::has).map(T2IModel::id).collect(Collectors.toUnmodifiableSet());
            Known fresh = new Known(ids, models.everything(), clock.instant());
            if (k == null && !models.everything()) {
                LOG.info("Backend {} has {} of the catalog's {} models", backend.name(), ids.size(), catalog.models().size());
            }
            known.put(backend, fresh);
            return fresh;
        } catch (BackendUnavailableException e) {
            // Keep the last answer; ask again at the next refresh.
            if (k != null) {
                known.put(backend, new Known(k.ids(), k.all(), clock.instant()));
            }
            return k;
        }
    }
}
