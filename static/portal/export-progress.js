// Progress of a data export, told as it happens (templates/personal_data/export.html).
//
// Without this script the page still works: its "Check progress" button reloads it.
// With it, the page asks the status address every few seconds, rewrites the status
// sentence (a role="status" region, so screen readers announce each change once) and,
// when the copy is ready, puts the download button where "Check progress" was.

const POLL_MILLISECONDS = 2000;
// Stop asking after about ten minutes: a build that long has failed, and the status
// sentence then tells the person to check again later instead of polling for ever.
const MAX_POLLS = 300;

const block = document.querySelector('[data-module="export-progress"]');
if (block) {
  follow(block);
}

function follow(block) {
  const statusUrl = block.dataset.statusUrl;
  const text = block.querySelector("#export-status-text");
  const bar = block.querySelector("#export-progress-bar");
  let polls = 0;

  async function poll() {
    polls += 1;
    let status;
    try {
      const response = await fetch(statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) {
        throw new Error(`status ${response.status}`);
      }
      status = await response.json();
    } catch (error) {
      // A dropped connection is not the end: try again, as the button would.
      console.warn("Export progress could not be read", error);
      schedule();
      return;
    }
    if (bar) {
      bar.max = status.total;
      bar.value = status.done;
      bar.textContent = `${status.done} of ${status.total}`;
    }
    if (text.textContent.trim() !== status.text) {
      text.textContent = status.text;
    }
    block.dataset.state = status.state;
    if (status.state === "ready") {
      showDownload(block, status.download_url);
    } else if (status.state === "waiting" || status.state === "running") {
      schedule();
    } else {
      // Failed or expired: the page itself has the way on.
      window.location.reload();
    }
  }

  function schedule() {
    if (polls < MAX_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS);
    } else {
      text.textContent = "This is taking longer than usual. Check again in a few minutes.";
    }
  }

  schedule();
}

function showDownload(block, url) {
  const progress = block.querySelector("#export-progress-bar");
  if (progress) {
    progress.closest("p").remove();
  }
  const check = block.querySelector("#export-check");
  const link = document.createElement("a");
  link.className = "nhsuk-button";
  link.id = "export-download";
  link.href = url;
  link.setAttribute("download", "");
  link.textContent = "Download your data (ZIP file)";
  const paragraph = document.createElement("p");
  paragraph.append(link);
  if (check) {
    check.replaceWith(paragraph);
  } else {
    block.append(paragraph);
  }
}
