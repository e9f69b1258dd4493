package io.crossmodal.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The list of models the preparer knows how to obtain, read from a JSON document whose root object has a
 * {@code models} array of {@link CatalogEntry} objects. Loading validates every entry.
 */
public record Catalog(List<CatalogEntry> models) {

    /** Class-path location of the catalog bundled with this module. */
    public static final String DEFAULT_RESOURCE = "/io/crossmodal/models/catalog.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Catalog {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Loads and validates the catalog bundled with this module. */
    public static Catalog loadDefault() throws IOException {
        try (InputStream in = Catalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("catalog resource " + DEFAULT_RESOURCE + " is missing from the class path");
            }
            return parse(in, "classpath:" + DEFAULT_RESOURCE);
        }
    }

    /** Loads and validates a catalog file. */
    public static Catalog load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    static Catalog parse(InputStream in, String origin) throws IOException {
        Catalog catalog;
        try {
            catalog = MAPPER.readValue(in, Catalog.class);
        } catch (IOException e) {
            throw new IOException("cannot read catalog " + origin + ": " + e.getMessage(), e);
        }
        catalog.validate(origin);
        return catalog;
    }

    private void validate(String origin) {
        if (models.isEmpty()) {
            throw new CatalogException("catalog " + origin + " has no models");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            CatalogEntry entry = models.get(i);
            if (entry == null) {
                throw new CatalogException("catalog " + origin + ": entry #" + (i + 1) + " is null");
            }
            try {
                entry.validate();
            } catch (IllegalArgumentException e) {
                throw new CatalogException(
                        "catalog " + origin + ": entry #" + (i + 1)
                                + (entry.name() == null ? "" : " (" + entry.name() + ")") + ": " + e.getMessage(),
                        e);
            }
            if (!seen.add(entry.name() + "@" + entry.version())) {
                throw new CatalogException(
                        "catalog " + origin + ": " + entry.name() + " " + entry.version() + " is listed twice");
            }
        }
    }

    /** Model names in catalog order, without duplicates. */
    public List<String> names() {
        return List.copyOf(
                models.stream().map(CatalogEntry::name).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /**
     * The entries whose name is one of {@code names}, in catalog order; all entries when {@code names} is empty.
     *
     * @throws IllegalArgumentException naming the unknown ones if some name is not in the catalog
     */
    public List<CatalogEntry> select(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            return models;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (models.stream().noneMatch(m -> m.name().equals(name))) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown model(s) " + unknown + "; the catalog has " + names());
        }
        return models.stream().filter(m -> names.contains(m.name())).toList();
    }

    /** An invalid catalog. */
    public static final class CatalogException extends RuntimeException {
        public CatalogException(String message) {
            super(message);
        }

        public CatalogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
