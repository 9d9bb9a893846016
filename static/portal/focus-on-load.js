/*
 * Moves the focus to the element a page marks with data-focus-on-load (an error summary, the
 * results of a search), for browsers that honour the autofocus attribute only on form fields.
 * The focus brings the element into view and makes screen readers read it. Without JavaScript
 * the page still works: the element carries autofocus, and everything is in the page.
 */
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-focus-on-load]");
  // Only while nothing has the focus yet: never take it from where the person already is.
  if (target && (!document.activeElement || document.activeElement === document.body)) {
    target.focus();
  }
});
