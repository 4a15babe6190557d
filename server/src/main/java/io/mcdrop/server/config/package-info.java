/**
 * Server settings: one {@code @ConfigurationProperties} record holds every default, so the CLI, the
 * environment ({@code MCDROP_SERVER_*}) and {@code application.yml} all map onto the same place.
 */
package io.mcdrop.server.config;
