/**
 * What several commands share: the engine and sampling options as Picocli mixins (their defaults
 * come from the library's config records), image-argument expansion, JSON output, progress bars and
 * "did you mean" suggestions.
 */
package io.mcdrop.cli.common;
