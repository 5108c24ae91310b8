"""Authentication backends that load the signed-in user with their person.

Nearly every page a resident opens reads `request.user.person`; loading both in
one query saves a round trip on each of them.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .selectors import user_with_person_get


class _WithPerson:
    def get_user(self, user_id):
        user = user_with_person_get(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PersonModelBackend(_WithPerson, ModelBackend):
    pass


class PersonAuthenticationBackend(_WithPerson, AuthenticationBackend):
    pass
