/**
 * What surrounds the APIs: the API key filter, the web page's static files, the OpenAPI document at
 * a stable URL, and the readiness check.
 */
package io.mcdrop.server.web;
