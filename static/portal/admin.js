/*
 * Accessibility fixes for parts of the Django admin that its own scripts draw, so no
 * template can reach them. Loaded with defer from templates/admin/base_site.html.
 */
(() => {
  "use strict";

  // SelectFilter2 (filter_horizontal) puts aria-label on a bare <span>, which ARIA
  // does not allow; the span is an icon standing for its words, so say so.
  function nameFilterIcons(root) {
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  // select2 (autocomplete_fields) names its combobox after the chosen value only,
  // and nothing when empty: name it after the field's own label too.
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const label = document.querySelector(`label[for="${select.id}"]`);
      if (!container || !container.classList.contains("select2") || !label) return;
      if (!label.id) label.id = `${select.id}-label`;
      const combobox = container.querySelector(".select2-selection");
      const rendered = container.querySelector(".select2-selection__rendered");
      if (combobox) {
        combobox.setAttribute("aria-labelledby", rendered ? `${label.id} ${rendered.id}` : label.id);
      }
      if (rendered) rendered.setAttribute("aria-labelledby", label.id);
      // A multiple choice types into an inline search box, drawn again on each change.
      const search = container.querySelector(".select2-search__field");
      if (search) search.setAttribute("aria-labelledby", label.id);
    });
  }

  function fix(root) {
    nameFilterIcons(root);
    nameAutocompletes(root);
  }

  // The widgets appear after load (and again when an inline row is added).
  new MutationObserver(() => fix(document)).observe(document.body, {
    childList: true,
    subtree: true,
  });
  window.addEventListener("load", () => {
    fix(document);
    // Move focus to the error summary so that it is read out (NHS.UK pattern); this
    // runs after change_form.js has focused the first field.
    const summary = document.querySelector(".admin-error-summary");
    if (summary) summary.focus();
  });
  fix(document);

  // django-import-export's "Select all" on the export page, without an inline handler.
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof window.onSelectToggleChange === "function") {
    toggle.addEventListener("change", window.onSelectToggleChange);
  }
})();
