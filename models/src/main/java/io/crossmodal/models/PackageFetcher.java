package io.crossmodal.models;

import java.nio.file.Path;

/** Obtains a package file from a local cache, fetching it from its registry when it is not there yet. */
public interface PackageFetcher {

    /** The {@link PackageSource#type()} this fetcher handles. */
    String type();

    /**
     * @return the package file on local disk (its checksum is not checked here)
     * @throws FetchException if the package is not cached and cannot be fetched (or fetching is not allowed)
     */
    Path fetch(PackageSource source) throws FetchException;
}
