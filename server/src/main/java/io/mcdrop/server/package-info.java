/** The mcdrop prediction server. */
package io.mcdrop.server;
