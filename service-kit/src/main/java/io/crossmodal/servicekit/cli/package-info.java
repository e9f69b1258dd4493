/**
 * What the command-line tools share (the CLI and bench): argument converters such as the one duration syntax. picocli
 * is a provided dependency, so services that use the rest of service-kit never load this package; nothing here
 * touches gRPC.
 */
package io.crossmodal.servicekit.cli;
