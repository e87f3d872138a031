/**
 * The OpenAI-compatible server: routes, the model registry over a runs directory, the workers that
 * run each model's requests (a text model's in one continuous batch), request parsing, errors in
 * OpenAI's shape and the playground page. Depends on core, neural and Javalin.
 */
package dev.fabrica.serve;
