// The portal's only script. It is an ES module, so it runs once the page is parsed and
// only in browsers that NHS.UK frontend supports; everything it enhances works as
// plain HTML without it.
//
// Paths are relative to this file rather than passed in from a template: the
// manifest storage hashes this file's name but not the imports inside it, and
// collectstatic keeps the unhashed originals beside the hashed copies.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

const AUTOCOMPLETE_SCRIPT = new URL(
  "../vendor/accessible-autocomplete/accessible-autocomplete.min.js",
  import.meta.url,
);
const AUTOCOMPLETE_STYLES = new URL(
  "../vendor/accessible-autocomplete/accessible-autocomplete.min.css",
  import.meta.url,
);

// England has thousands of practices and PCNs: a short query must not render them all.
const MIN_QUERY_LENGTH = 2;
const MAX_RESULTS = 50;

initAll();
openFiltersBesideResults(document);
enhanceOrganisationSearches(document).catch((error) => {
  // The plain <select> is still there and still works.
  console.error("Organisation search could not start", error);
});

/**
 * The catalogue's filters fold into a "Filter offers" disclosure on a phone, where the
 * results come first. Where the columns sit side by side (NHS.UK's tablet breakpoint)
 * there is room for both, so the disclosure is opened and its summary hidden.
 */
function openFiltersBesideResults(scope) {
  const besideResults = window.matchMedia("(min-width: 40.0625em)");
  const disclosures = scope.querySelectorAll('details[data-module="app-filters"]');
  const arrange = () => {
    disclosures.forEach((details) => {
      details.classList.toggle("app-filters--beside", besideResults.matches);
      if (besideResults.matches) {
        details.open = true;
      }
    });
  };
  arrange();
  besideResults.addEventListener("change", arrange);
}

/**
 * Turn every `<select data-module="organisation-search">` into GOV.UK's accessible
 * autocomplete. The library is fetched only on pages that need it.
 */
async function enhanceOrganisationSearches(scope) {
  const selects = scope.querySelectorAll('select[data-module="organisation-search"]');
  if (!selects.length) {
    return;
  }
  await Promise.all([loadStylesheet(AUTOCOMPLETE_STYLES), import(AUTOCOMPLETE_SCRIPT.href)]);
  // The bundle is UMD: imported as a module it attaches itself to the global object.
  const { accessibleAutocomplete } = globalThis;
  selects.forEach((select) => enhanceOrganisationSearch(select, accessibleAutocomplete));
}

function enhanceOrganisationSearch(select, accessibleAutocomplete) {
  const choices = Array.from(select.options)
    .filter((option) => option.value)
    .map((option) => {
      const group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
      return {
        value: option.value,
        text: option.text,
        group,
        words: normalise(`${option.text} ${group}`),
        name: normalise(option.text),
      };
    });
  const ownDescription = select.getAttribute("aria-describedby") || "";
  const hasError = select.classList.contains("nhsuk-select--error");
  let totalMatches = 0;

  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    // Without this the library writes the empty option's "Choose your…" into the box.
    defaultValue: "",
    minLength: MIN_QUERY_LENGTH,
    showAllValues: false,
    inputClasses: hasError ? "portal-autocomplete__input--error" : null,
    source(query, populateResults) {
      const matches = search(choices, query);
      totalMatches = matches.length;
      populateResults(matches.slice(0, MAX_RESULTS));
    },
    templates: {
      // The box shows what the plain <select> would show, so a saved value reads the
      // same with or without JavaScript. (The saved value arrives as a plain string.)
      inputValue: (choice) => (typeof choice === "string" ? choice : (choice?.text ?? "")),
      // Two practices can share a name; the board tells them apart.
      suggestion: (choice) => {
        if (typeof choice === "string") {
          return escapeHtml(choice);
        }
        const group = choice.group
          ? `<span class="portal-autocomplete__group"><span class="nhsuk-u-visually-hidden">, </span>${escapeHtml(choice.group)}</span>`
          : "";
        return escapeHtml(choice.text) + group;
      },
    },
    onConfirm(choice) {
      if (choice && typeof choice === "object") {
        setSelectValue(select, choice.value);
      }
    },
    tStatusResults(length, selectedOption) {
      const shown =
        totalMatches > length
          ? `${totalMatches} results; the first ${length} are listed, keep typing to narrow them down.`
          : `${length} ${length === 1 ? "result is" : "results are"} available.`;
      return `${shown} ${selectedOption}`;
    },
    tNoResults: () => "No workplace matches that name",
  });

  const input = document.getElementById(select.id.replace(/-select$/, ""));
  if (!input) {
    return;
  }
  keepDescription(input, ownDescription);
  hideGhostHint(input.closest(".autocomplete__wrapper"));
  select.form?.addEventListener("submit", () => syncSelect(select, input, choices));
}

/**
 * Names that contain every word typed, in any order; names that start with the
 * query come first.
 */
function search(choices, query) {
  const wanted = normalise(query);
  const terms = wanted.split(" ").filter(Boolean);
  const matches = choices.filter((choice) => terms.every((term) => choice.words.includes(term)));
  const starts = matches.filter((choice) => choice.name.startsWith(wanted));
  const rest = matches.filter((choice) => !choice.name.startsWith(wanted));
  return starts.concat(rest);
}

// Typed text and names compare without case, accents or punctuation ("St John's" = "st johns").
function normalise(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2019]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * The library only updates the <select> when a suggestion is chosen. If the person
 * then clears or edits the text, the old choice would be sent silently; instead the
 * text decides, and text that names no single organisation sends nothing, so the
 * server asks again with its usual error message.
 */
function syncSelect(select, input, choices) {
  const typed = input.value.trim();
  const current = select.options[select.selectedIndex];
  if (current && current.value && current.text === typed) {
    return;
  }
  const named = choices.filter((choice) => choice.text === typed);
  setSelectValue(select, named.length === 1 ? named[0].value : "");
}

function setSelectValue(select, value) {
  if (select.value !== value) {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

/**
 * The library points aria-describedby at its own usage hint and drops the field's
 * hint and error message, which were on the <select>. Keep both, also after the
 * library rewrites the attribute when it re-renders.
 */
function keepDescription(input, ownDescription) {
  if (!ownDescription) {
    return;
  }
  const apply = () => {
    const libraryIds = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && !ownDescription.split(" ").includes(id));
    const wanted = [ownDescription, ...libraryIds].join(" ");
    if (input.getAttribute("aria-describedby") !== wanted) {
      input.setAttribute("aria-describedby", wanted);
    }
  };
  apply();
  new MutationObserver(apply).observe(input, { attributeFilter: ["aria-describedby"] });
}

/**
 * The grey completion drawn behind the typed text is a second, unlabelled <input>.
 * The real input and the live status already tell screen readers the same thing,
 * so hide the copy from them each time the library draws it.
 */
function hideGhostHint(wrapper) {
  if (!wrapper) {
    return;
  }
  const hide = () => {
    wrapper
      .querySelectorAll(".autocomplete__hint:not([aria-hidden])")
      .forEach((hint) => hint.setAttribute("aria-hidden", "true"));
  };
  new MutationObserver(hide).observe(wrapper, { childList: true, subtree: true });
}

function loadStylesheet(url) {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url.href;
    link.addEventListener("load", resolve);
    link.addEventListener("error", () => reject(new Error(`Could not load ${url}`)));
    document.head.append(link);
  });
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (character) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character],
  );
}
