/**
 * The native REST API under {@code /api/v1}: list and describe models, classify an uploaded image,
 * predict on a JSON tensor. Responses carry the same fields as the CLI's {@code --json}.
 */
package io.mcdrop.server.api;
