"""API of training, meetings and publicity (read, in the user's scope)."""
from __future__ import annotations

from rest_framework import mixins, serializers

from gonghui.core.api import ScopedViewSet

from ..models import Article, Course, Meeting, Newsletter
from ..selectors import other as selectors


class CourseSerializer(serializers.ModelSerializer):
    listed = serializers.IntegerField(read_only=True)
    signed = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = ["id", "org", "title", "kind", "host", "host_name", "trainer", "starts_on", "hours", "place",
                  "certificate", "status", "listed", "signed"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "org", "kind", "title", "held_on", "place", "chaired_by", "recorded_by", "attendees",
                  "absentees", "agenda", "minutes"]
        read_only_fields = fields


class NewsletterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Newsletter
        fields = ["id", "org", "kind", "year", "number", "title", "published_on"]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "org", "title", "author", "outlet", "level", "submitted_on", "status", "accepted_on"]
        read_only_fields = fields


def _viewset(model, serializer, selector, doc):
    class ViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
        serializer_class = serializer

        def get_queryset(self):
            if self.schema_only:
                return model.objects.none()
            return selector(self.request.user).order_by("-id")

    ViewSet.__doc__ = doc
    ViewSet.__name__ = ViewSet.__qualname__ = f"{model.__name__}ViewSet"
    return ViewSet


CourseViewSet = _viewset(Course, CourseSerializer, selectors.courses, "教育培训：培训班与学员签到人数。")
MeetingViewSet = _viewset(Meeting, MeetingSerializer, selectors.meetings, "会议记录与会议纪要。")
NewsletterViewSet = _viewset(Newsletter, NewsletterSerializer, selectors.newsletters, "工会简报、宣传栏（按年度编期）。")
ArticleViewSet = _viewset(Article, ArticleSerializer, selectors.articles, "投稿与录用。")


def register(router) -> None:
    router.register("activities/courses", CourseViewSet, basename="activities-course")
    router.register("activities/meetings", MeetingViewSet, basename="activities-meeting")
    router.register("activities/newsletters", NewsletterViewSet, basename="activities-newsletter")
    router.register("activities/articles", ArticleViewSet, basename="activities-article")
