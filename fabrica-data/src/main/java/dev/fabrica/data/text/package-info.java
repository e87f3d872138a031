/**
 * Text utilities the steps share: {@link dev.fabrica.data.text.TextCleaner}, synonym sources (a
 * user file, WordNet through extjwnl) and Easy Data Augmentation. Depends on the JDK and extjwnl.
 */
package dev.fabrica.data.text;
