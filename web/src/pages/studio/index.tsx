import { A } from "@solidjs/router";
import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { Creators } from "../../data/creators";
import { Guides } from "../../data/guides";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { GuideList } from "../../ui/guide-list";
import { StudioNav } from "../../ui/studio-nav";

function ProfileForm(props: { handle: string }) {
  const [store] = createResource(
    () => props.handle,
    (handle) => Creators.storefront(handle),
  );
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string>();
  const [formError, setFormError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const avatar = String(form.get("avatarUrl") ?? "").trim();
    const links = String(form.get("links") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [label, ...rest] = line.split(/\s+/);
        return rest.length > 0
          ? { label: label ?? "", url: rest.join(" ") }
          : { label: label ?? "", url: label ?? "" };
      });
    setErrors({});
    setMessage();
    setFormError();
    try {
      await Creators.updateProfile({ bio: String(form.get("bio") ?? ""), avatarUrl: avatar || null, links });
      setMessage("Profile saved");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };

  return (
    <Show when={store()}>
      {(current) => (
        <form class="card" onSubmit={submit} novalidate aria-labelledby="profile-heading">
          <h2 id="profile-heading">Your storefront profile</h2>
          <div class="field">
            <label for="bio">Bio</label>
            <textarea id="bio" name="bio" rows="3" maxLength={500}>
              {current().profile.bio}
            </textarea>
            <Show when={errors().bio}>
              <small class="error">{errors().bio}</small>
            </Show>
          </div>
          <Field
            label="Avatar image URL"
            name="avatarUrl"
            type="url"
            value={current().profile.avatarUrl ?? ""}
            error={errors().avatarUrl}
          />
          <div class="field">
            <label for="links">Social links</label>
            <textarea
              id="links"
              name="links"
              rows="3"
              aria-describedby="links-hint"
              placeholder="Instagram https://instagram.com/you"
            >
              {current()
                .profile.links.map((link) => `${link.label} ${link.url}`)
                .join("\n")}
            </textarea>
            <small id="links-hint" class="hint">
              One per line: a label, a space, then the https:// address. Up to 5.
            </small>
            <Show when={Object.keys(errors()).find((key) => key.startsWith("links"))}>
              {(key) => <small class="error">{errors()[key()]}</small>}
            </Show>
          </div>
          <FormError message={formError()} />
          <Show when={message()}>
            <p role="status" class="success">
              {message()}
            </p>
          </Show>
          <button type="submit">Save profile</button>
        </form>
      )}
    </Show>
  );
}

export default function StudioPage() {
  return (
    <Switch>
      <Match when={Session.me.loading}>
        <p class="loading">Loading…</p>
      </Match>
      <Match when={Session.me()?.role === "creator" || Session.me()?.role === "admin"}>
        <StudioNav />
        <div class="studio-head">
          <h1>Creator studio</h1>
          <A class="button" href="/studio/new">
            New guide
          </A>
        </div>
        <h2>My guides</h2>
        <GuideList
          label="My guides"
          load={Guides.mine}
          showStatus
          empty={
            <div class="empty" role="status">
              You have not written a guide yet. <A href="/studio/new">Start your first one</A>.
            </div>
          }
        />
        <ProfileForm handle={Session.me()?.handle ?? ""} />
      </Match>
      <Match when={Session.me()}>
        <section class="card narrow">
          <h1>Creator studio</h1>
          <p>The studio is for creator accounts. Sign up as a creator to publish guides.</p>
        </section>
      </Match>
      <Match when={!Session.me()}>
        <section class="card narrow">
          <h1>Creator studio</h1>
          <p>
            <A href="/login">Log in</A> to write guides.
          </p>
        </section>
      </Match>
    </Switch>
  );
}
